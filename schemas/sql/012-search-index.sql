-- 012-search-index.sql: the substring search index of every searchable field
DO 0;
