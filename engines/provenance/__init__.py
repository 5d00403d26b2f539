"""Provenance of generated content: an invisible watermark in pictures (`image_watermark`), one in text
(`text_watermark`), and the sidecar record that says which model, version, seed and request made a file
(`records`)."""
