-- A platform's services in both languages (the ones stored so far are English), and a trainer's name in French
-- where it depends on the language (issue 10).
ALTER TABLE platforms RENAME COLUMN services TO services_en;
ALTER TABLE platforms ADD COLUMN services_fr text[] NOT NULL DEFAULT '{}';
ALTER TABLE training_sessions ADD COLUMN trainer_name_fr text;
