CREATE TABLE "recorded_segments" (
	"room_id" uuid NOT NULL,
	"from_seq" bigint NOT NULL,
	"through_seq" bigint NOT NULL,
	"updates" integer NOT NULL,
	"data" "bytea" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "recorded_segments" ADD CONSTRAINT "recorded_segments_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "recorded_segments_room_seq" ON "recorded_segments" USING btree ("room_id","through_seq");