"""What is published from the data: charts, pages, citations, the data package."""
