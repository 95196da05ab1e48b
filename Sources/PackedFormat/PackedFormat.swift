// The PackedFormat stage; see DESIGN.md.
