"""What the grants app adds to the service navigation and the dashboards."""
