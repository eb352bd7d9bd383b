--liquibase formatted sql

--changeset test:1-broken
CREATE TABLE widgets_broken (id no_such_type);
