-- Runs once, when the postgres volume is first created. POSTGRES_DB already made `scout`;
-- Prefect's server gets a database of its own so its migrations never touch Scout's tables.
CREATE DATABASE prefect;
