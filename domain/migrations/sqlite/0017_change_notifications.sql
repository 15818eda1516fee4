-- PostgreSQL announces each new content generation to every app server (LISTEN/NOTIFY).
-- SQLite serves one app server, which reads the generation after its own writes: nothing
-- to announce. This migration keeps the numbering of both folders equal.
SELECT 1;
