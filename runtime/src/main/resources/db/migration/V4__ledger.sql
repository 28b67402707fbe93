-- Usage queries filtered by model over a range of days (GET /admin/v1/usage?model=...&from=...).
CREATE INDEX usage_ledger_model_day ON usage_ledger (requested_model, day);
