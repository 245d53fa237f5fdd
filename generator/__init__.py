"""sdkgen: typed, documented Python SDKs (client, stubs, docs) from OpenAPI 3.0 and 3.1."""

__version__ = "0.1.0"
