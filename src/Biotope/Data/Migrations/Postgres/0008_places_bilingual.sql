-- Cities in French and English ("Bruxelles"/"Brussels"); city keeps the name as recorded.
ALTER TABLE organizations ADD COLUMN city_fr text;
ALTER TABLE organizations ADD COLUMN city_en text;
