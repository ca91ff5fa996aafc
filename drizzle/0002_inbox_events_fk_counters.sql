ALTER TABLE "inbox_events" DROP CONSTRAINT "inbox_events_user_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "inbox_events" ADD CONSTRAINT "inbox_events_user_id_inbox_counters_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."inbox_counters"("user_id") ON DELETE cascade ON UPDATE no action;