DROP INDEX "recorded_updates_room_hash";--> statement-breakpoint
ALTER TABLE "participants" ADD COLUMN "client_block" integer;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "end_snapshot" "bytea";--> statement-breakpoint
CREATE UNIQUE INDEX "participants_room_client_block" ON "participants" USING btree ("room_id","client_block");--> statement-breakpoint
CREATE UNIQUE INDEX "recorded_updates_room_author_hash" ON "recorded_updates" USING btree ("room_id","participant_id","hash");