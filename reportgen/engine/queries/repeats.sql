-- repeats: for every ticket with a customer_id, whether the customer had a ticket received
-- strictly earlier and at most {{ p.repeat_window }} before this one (any category, earlier quarters
-- included; tickets received at the same instant are not repeats of each other). Only the row
-- number and the flag: the window sorts these rows, and the fewer columns it carries the faster.
SELECT
    _row,
    COALESCE(_received_us - MAX(_received_us) OVER (
        PARTITION BY customer_id ORDER BY _received_us
        RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) <= {{ p.repeat_window_us }}, FALSE) AS _repeat
FROM (SELECT _row, customer_id, epoch_us(received_at) AS _received_us
      FROM complaints WHERE customer_id IS NOT NULL) AS with_customer
