-- PostGIS must exist before any geometry column. On a server the role needs the right to
-- create it (or a DBA creates it beforehand); the embedded engine loads it in-process.
CREATE EXTENSION IF NOT EXISTS postgis;
