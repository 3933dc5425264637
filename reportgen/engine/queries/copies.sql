-- copies: for every survey response, its place among the responses with its response_id (1 for
-- the copy kept: the earliest submitted_at, on a tie the earlier row) and the row of the copy kept.
SELECT
    _row,
    ROW_NUMBER() OVER (PARTITION BY response_id ORDER BY submitted_at, _row) AS _copy,
    FIRST_VALUE(_row) OVER (PARTITION BY response_id ORDER BY submitted_at, _row) AS _first_row
FROM surveys
