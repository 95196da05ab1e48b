// The JSONScanner stage; see DESIGN.md.
