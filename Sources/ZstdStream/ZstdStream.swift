// The ZstdStream stage; see DESIGN.md.
