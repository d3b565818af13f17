package dev.graphlaunch.gateway.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Parses JSON from bytes by decoding them as UTF-8 first and handing Jackson text. Jackson's
 * byte-level parser refuses a valid escaped surrogate pair in an object key
 * ({@code {"\ud83d\ude00": 1}} is "Invalid UTF-8: Illegal surrogate character"), so a request with
 * an emoji key in {@code input} was a 400; its text parser reads it correctly. Bytes that are not
 * UTF-8 are still a parse error (a 400), never silently replaced. Request bodies are bounded by
 * the body-size filter, so reading one whole is fine.
 */
public class TextJsonFactory extends JsonFactory {
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    public TextJsonFactory() {
        super();
    }

    private TextJsonFactory(TextJsonFactory source) {
        super(source, null);
    }

    @Override
    public JsonFactory copy() {
        return new TextJsonFactory(this);
    }

    @Override
    public JsonParser createParser(InputStream in) throws IOException {
        return createParser(decode(in.readAllBytes()));
    }

    @Override
    public JsonParser createParser(byte[] data) throws IOException {
        return createParser(decode(data));
    }

    @Override
    public JsonParser createParser(byte[] data, int offset, int length) throws IOException {
        return createParser(decode(ByteBuffer.wrap(data, offset, length)));
    }

    private String decode(byte[] data) throws JsonParseException {
        return decode(ByteBuffer.wrap(data));
    }

    private String decode(ByteBuffer bytes) throws JsonParseException {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
            return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
        } catch (CharacterCodingException notUtf8) {
            throw new JsonParseException(null, "The body is not UTF-8.");
        }
    }
}
