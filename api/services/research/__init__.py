"""Research tools: resampling, transforms, comparison, release totals, vintages."""
