.PHONY: demo test lint
demo:
	python -m pip install -e . && marketimpact study data/articles/2025-02-12_ft_trump_putin_brent.md --out out/seed
test:
	python -m pip install -e ".[test]" && python -m pytest
lint:
	ruff check marketimpact tests
