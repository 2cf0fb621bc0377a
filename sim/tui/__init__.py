"""The trainee's Textual app. Imported only by `sim` / `sim play`, never by the engine."""
