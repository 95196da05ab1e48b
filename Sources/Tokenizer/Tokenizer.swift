// The Tokenizer stage; see DESIGN.md.
