// The Labels stage; see DESIGN.md.
