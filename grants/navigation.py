"""What the grants app adds to the service navigation and the dashboards (one module per topic)."""
from grants.nav import apply, grant, review, staff  # noqa: F401
