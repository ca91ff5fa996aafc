ALTER TABLE "inbox_events" DROP CONSTRAINT "inbox_events_user_id_inbox_counters_user_id_fk";
--> statement-breakpoint
-- The cascade the foreign key gave (a deleted user's inbox goes with it), once per
-- statement instead of a check per inserted event.
CREATE FUNCTION "inbox_events_delete_with_counters"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM inbox_events e USING gone g WHERE e.user_id = g.user_id;
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "inbox_counters_delete_events" AFTER DELETE ON "inbox_counters"
	REFERENCING OLD TABLE AS gone FOR EACH STATEMENT
	EXECUTE FUNCTION "inbox_events_delete_with_counters"();
