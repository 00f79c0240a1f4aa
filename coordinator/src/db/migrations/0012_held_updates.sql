CREATE TABLE "held_updates" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"room_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"client_time" timestamp (3) with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"hash" text NOT NULL,
	"update" "bytea" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "held_updates" ADD CONSTRAINT "held_updates_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "held_updates" ADD CONSTRAINT "held_updates_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "held_updates_room_author_hash" ON "held_updates" USING btree ("room_id","participant_id","hash");