-- Full-text index over organizations.search_text (already accent-free and lower-case, ADR 003).
-- External content: the text lives once, in organizations; triggers keep the index in step.
CREATE VIRTUAL TABLE organizations_fts USING fts5(
    search_text,
    content = 'organizations',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);

INSERT INTO organizations_fts (rowid, search_text) SELECT id, search_text FROM organizations;

CREATE TRIGGER organizations_fts_insert AFTER INSERT ON organizations BEGIN
    INSERT INTO organizations_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TRIGGER organizations_fts_delete AFTER DELETE ON organizations BEGIN
    INSERT INTO organizations_fts (organizations_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;

CREATE TRIGGER organizations_fts_update AFTER UPDATE OF search_text ON organizations BEGIN
    INSERT INTO organizations_fts (organizations_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO organizations_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
