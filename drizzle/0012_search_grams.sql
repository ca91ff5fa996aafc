-- Chinese, Japanese, Korean and Thai have no spaces between words: trigrams cannot find a
-- two-character word, so one rare in the viewer's conversations was found by reading all of
-- them. Index the pairs of neighbouring characters of these scripts instead (and each run's
-- last character alone, so one character is found too): src/chat/messages/unspaced-grams.ts
-- builds the queries, with exactly these code point ranges.
-- PL/pgSQL: its call costs ~2 µs on a body without these scripts (a SQL function ~9 µs),
-- which search pays on every message it checks row by row.
CREATE FUNCTION unspaced_script_grams(body text) RETURNS text[]
	LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
	AS $$
DECLARE
	run text;
	grams text[] := '{}';
BEGIN
	IF body !~ '[\u0e00-\u0e7f\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]' THEN
		RETURN grams;
	END IF;
	FOR run IN
		SELECT m[1] FROM regexp_matches(body, '[\u0e00-\u0e7f\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]+', 'g') AS m
	LOOP
		FOR i IN 1 .. char_length(run) LOOP
			grams := grams || substr(run, i, 2);
		END LOOP;
	END LOOP;
	RETURN grams;
END
$$;--> statement-breakpoint
-- An index on an expression, not a stored column: no table rewrite, and message reads do not
-- carry it. On 1,000,000 messages (a fifth Chinese) it was built in 6.4 s (load average 8),
-- holding a SHARE lock: sends wait, reads go on.
CREATE INDEX "messages_body_grams_idx" ON "messages" USING gin (array_to_tsvector(unspaced_script_grams("body")));--> statement-breakpoint
-- Statistics of 1,000 (ANALYZE samples 300,000 rows, not 30,000) on both text indexes: with
-- the default, a word outside the few hundred most common ones is estimated at 0.5% of the
-- table (5,000 of 1,000,000 messages), so a rare word ("zephyr", 72 messages) was read by
-- ANDing its index with the viewer's 25,000 messages (~15-45 ms) instead of filtering its 72
-- rows (~0.5 ms). ANALYZE of 1,000,000 messages then takes ~6 s instead of ~1.5 s.
ALTER INDEX "messages_body_fts_idx" ALTER COLUMN 1 SET STATISTICS 1000;--> statement-breakpoint
ALTER INDEX "messages_body_grams_idx" ALTER COLUMN 1 SET STATISTICS 1000;
