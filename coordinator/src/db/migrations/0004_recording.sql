CREATE TABLE "keyframes" (
	"room_id" uuid NOT NULL,
	"through_seq" bigint NOT NULL,
	"covers_until" timestamp (3) with time zone NOT NULL,
	"state" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recorded_signals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"room_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"client_time" timestamp (3) with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"signal" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recorded_updates" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"room_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"client_time" timestamp (3) with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"hash" text NOT NULL,
	"update" "bytea" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "keyframes" ADD CONSTRAINT "keyframes_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recorded_signals" ADD CONSTRAINT "recorded_signals_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recorded_signals" ADD CONSTRAINT "recorded_signals_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recorded_updates" ADD CONSTRAINT "recorded_updates_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recorded_updates" ADD CONSTRAINT "recorded_updates_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "keyframes_room_seq" ON "keyframes" USING btree ("room_id","through_seq");--> statement-breakpoint
CREATE INDEX "recorded_signals_room_idx" ON "recorded_signals" USING btree ("room_id","client_time");--> statement-breakpoint
CREATE UNIQUE INDEX "recorded_updates_room_hash" ON "recorded_updates" USING btree ("room_id","hash");--> statement-breakpoint
CREATE INDEX "recorded_updates_room_seq" ON "recorded_updates" USING btree ("room_id","seq");