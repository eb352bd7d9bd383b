package io.ottplatform.media.packaging;

import io.ottplatform.media.keys.ContentKeys;
import java.nio.file.Path;

/**
 * How a title is protected. HLS gets AES-128 (whole-segment AES-CBC, MPEG-TS segments: FFmpeg's HLS muxer
 * cannot encrypt fMP4 with a key info file) and DASH gets CENC {@code cenc-aes-ctr} with Clear Key; the two
 * cannot share segments, so an encrypted title is written twice from the same encode (the tee muxer).
 *
 * @param keyUri absolute URI of the HLS key (serving-api's key endpoint); hls.js fetches it as written
 * @param keyInfoFile FFmpeg's {@code -hls_key_info_file}: the URI, then the path of a file holding the key
 */
public record Encryption(ContentKeys keys, String keyUri, Path keyInfoFile) {}
