ALTER TABLE "runs" ADD COLUMN "stop_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "stopped_by" uuid;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_stopped_by_participants_id_fk" FOREIGN KEY ("stopped_by") REFERENCES "public"."participants"("id") ON DELETE set null ON UPDATE no action;