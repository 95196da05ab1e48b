// The Pipeline stage; see DESIGN.md.
