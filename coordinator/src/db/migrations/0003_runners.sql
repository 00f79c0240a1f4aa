CREATE TABLE "runners" (
	"id" text PRIMARY KEY NOT NULL,
	"available" boolean NOT NULL,
	"reason" text,
	"last_seen" timestamp with time zone DEFAULT now() NOT NULL
);
