// The JSONLines stage; see DESIGN.md.
