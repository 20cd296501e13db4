//! JSON text re-indented for reading (the JSON view, issue 13): one pass over compact JSON as
//! serde_json writes it, no parsing and no allocation per value, cut after a given length so a
//! 40 MB document shows its beginning at once.

/// `json` (compact JSON, as serde_json writes it) indented by two spaces per level, cut after
/// about `max_bytes` (on a character boundary). Returns the text and whether it is complete.
/// One pass, no parsing: a string's contents are copied as they are, escapes included.
pub fn pretty_json(json: &str, max_bytes: usize) -> (String, bool) {
    let bytes = json.as_bytes();
    let mut out = String::with_capacity(max_bytes.min(json.len() * 2) + 16);
    let mut depth = 0usize;
    let mut i = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while i < bytes.len() {
        if out.len() >= max_bytes {
            let mut cut = max_bytes.min(out.len());
            while !out.is_char_boundary(cut) {
                cut -= 1;
            }
            out.truncate(cut);
            return (out, false);
        }
        match bytes[i] {
            b'"' => {
                // Copy the string through its closing quote, skipping escaped characters.
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(bytes.len());
                out.push_str(&json[start..i]);
                continue;
            }
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                if bytes.get(i + 1) == Some(&close) {
                    out.push(open as char);
                    out.push(close as char);
                    i += 2;
                    continue;
                }
                out.push(open as char);
                depth += 1;
                newline(&mut out, depth);
            }
            close @ (b'}' | b']') => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(close as char);
            }
            b',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            b':' => out.push_str(": "),
            b' ' | b'\n' | b'\r' | b'\t' => {}
            _ => {
                // A number, true, false or null: up to the next structural character.
                let start = i;
                while i < bytes.len() && !b"{}[],:\" \n\r\t".contains(&bytes[i]) {
                    i += 1;
                }
                out.push_str(&json[start..i]);
                continue;
            }
        }
        i += 1;
    }
    (out, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rustfmt::skip]
    const PRETTY: &[(&str, &str, &str)] = &[
        (r#"{"a":1,"b":[true,null]}"#, "{\n  \"a\": 1,\n  \"b\": [\n    true,\n    null\n  ]\n}", "objects and arrays nest"),
        (r#"{"a":{},"b":[]}"#, "{\n  \"a\": {},\n  \"b\": []\n}", "empty ones stay on one line"),
        (r#"["a,b:{","q\"}[",-1.5e3]"#, "[\n  \"a,b:{\",\n  \"q\\\"}[\",\n  -1.5e3\n]", "structure inside strings is text"),
        ("[\"é\",\"→\"]", "[\n  \"é\",\n  \"→\"\n]", "multi-byte text is copied whole"),
        ("", "", "nothing in, nothing out"),
    ];

    #[test]
    fn pretty_json_indents_compact_json() {
        for (input, expected, why) in PRETTY {
            assert_eq!(
                pretty_json(input, usize::MAX),
                (expected.to_string(), true),
                "{why}"
            );
        }
        let text = r#"{"data":[{"traceID":"ab","spans":[],"n":-1.5,"ok":true}]}"#;
        let (pretty, complete) = pretty_json(text, usize::MAX);
        assert!(complete);
        let a: serde_json::Value = serde_json::from_str(&pretty).expect("still JSON");
        let b: serde_json::Value = serde_json::from_str(text).expect("JSON");
        assert_eq!(a, b, "only whitespace changed");
    }

    #[test]
    fn pretty_json_stops_near_the_limit_on_a_character_boundary() {
        let (cut, complete) = pretty_json("[\"ééééééééé\",1,2,3]", 10);
        assert!(!complete);
        assert!(cut.len() <= 10 && cut.starts_with("[\n  \"é"), "{cut:?}");
        let (all, complete) = pretty_json("[1]", 100);
        assert_eq!((all.as_str(), complete), ("[\n  1\n]", true));
    }
}
