"""marshmallow schemas: the contract of every input and output, and the OpenAPI source."""
