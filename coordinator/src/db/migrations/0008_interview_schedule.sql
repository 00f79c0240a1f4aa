-- The volatile default is evaluated per existing row: each older room gets its own invite token.
ALTER TABLE "rooms" ADD COLUMN "invite_token" text DEFAULT replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '') NOT NULL;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "password_hash" text;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "scheduled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "duration_minutes" integer;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "candidate_name" text;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "candidate_email" text;