--liquibase formatted sql

--changeset test:1-gadgets
CREATE TABLE gadgets (id text PRIMARY KEY);
