# grassroots image: the project and its locked dependencies; used by docker-compose.yml
# for the Prefect worker (the server uses the same image so versions always match).
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 UV_LINK_MODE=copy UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH
RUN pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
COPY src ./src
COPY flows ./flows
COPY sql ./sql
COPY seeds ./seeds
COPY prefect.yaml ./
RUN uv sync --frozen --no-dev
