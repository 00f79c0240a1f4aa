CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
DROP INDEX "recorded_updates_room_hash";--> statement-breakpoint
ALTER TABLE "participants" ADD COLUMN "client_block" integer;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "end_snapshot" "bytea";--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "participants_room_client_block" ON "participants" USING btree ("room_id","client_block");--> statement-breakpoint
CREATE UNIQUE INDEX "recorded_updates_room_author_hash" ON "recorded_updates" USING btree ("room_id","participant_id","hash");