--liquibase formatted sql

--changeset test:1-widgets
CREATE TABLE widgets (id text PRIMARY KEY);
