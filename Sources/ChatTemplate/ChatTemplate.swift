// The ChatTemplate stage; see DESIGN.md.
