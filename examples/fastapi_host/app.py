"""An app of your own that takes contact-form webhooks: lead-agent's host mounted beside your routes.

    uvicorn examples.fastapi_host.app:app --port 8000

`Host()` reads the settings from the environment (README: configuration); its `lifespan` starts the durable-run
engine, and its `router` brings the webhook routes, `/review`, `/healthz` and `/metrics`.
"""

from fastapi import FastAPI

from lead_agent.web import Host

host = Host()
app = FastAPI(title='Acme website backend', lifespan=host.lifespan)
app.include_router(host.router)  # or include_router(host.router, prefix='/leads')


@app.get('/hello')
async def hello() -> dict[str, str]:
    """One route of your own, next to lead-agent's."""
    return {'hello': 'world'}
