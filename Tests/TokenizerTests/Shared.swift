import GLM4
import Tokenizer

/// The bundled GLM-4 tokenizer, loaded once for the whole test target (load errors surface in
/// every test that uses it).
let sharedTokenizer: Result<Tokenizer, any Error> = Result { try GLM4.loadTokenizer() }

func glm4() throws -> Tokenizer { try sharedTokenizer.get() }
