//! Showing a rendered plot: inline in the terminal (kitty graphics, iTerm2 inline images or
//! sixel), with a viewer program, or by printing its path. Used by the `plot` commands when no
//! `-o FILE` is given, or with `--display`.
//!
//! Detection reads the environment only (no terminal query, so a pipe never hangs):
//! `MPTCPANALYZER_IMAGE_PROTOCOL=kitty|iterm2|sixel|none` decides when set; otherwise
//! `TERM=xterm-kitty`, `KITTY_WINDOW_ID` or `TERM_PROGRAM=ghostty` mean kitty graphics,
//! `TERM_PROGRAM=iTerm.app|WezTerm` or `LC_TERMINAL=iTerm2` mean iTerm2 images, and a `TERM`
//! naming sixel (`foot`, `mlterm`, `*-sixel`) means sixel.

use crate::error::{Error, Result};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// `--display`: how a plot is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DisplayMode {
    /// In the terminal, with its image protocol (kitty, iTerm2 or sixel)
    Inline,
    /// With the configured viewer (config key `viewer`; default xdg-open when a display is present)
    Viewer,
    /// Not at all (the image is only written)
    None,
}

/// A terminal image protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Kitty,
    Iterm2,
    Sixel,
}

/// What [`show`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    Inline(Protocol),
    Viewer(String),
    /// Neither: the path was printed.
    Path,
    Nothing,
}

/// The image protocol the terminal speaks, from the environment (`var` reads a variable).
pub fn detect_protocol(var: &dyn Fn(&str) -> Option<String>) -> Option<Protocol> {
    if let Some(p) = var("MPTCPANALYZER_IMAGE_PROTOCOL") {
        return match p.to_ascii_lowercase().as_str() {
            "kitty" => Some(Protocol::Kitty),
            "iterm2" | "iterm" => Some(Protocol::Iterm2),
            "sixel" => Some(Protocol::Sixel),
            _ => None,
        };
    }
    let term = var("TERM").unwrap_or_default();
    let program = var("TERM_PROGRAM").unwrap_or_default();
    if term == "xterm-kitty" || var("KITTY_WINDOW_ID").is_some() || program == "ghostty" {
        return Some(Protocol::Kitty);
    }
    if program == "iTerm.app"
        || program == "WezTerm"
        || var("LC_TERMINAL").as_deref() == Some("iTerm2")
    {
        return Some(Protocol::Iterm2);
    }
    if term.contains("sixel") || term.starts_with("foot") || term == "mlterm" {
        return Some(Protocol::Sixel);
    }
    None
}

fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The viewer command: the configured one, else `xdg-open` when a graphical display is present.
pub fn viewer_command(configured: Option<&str>) -> Option<String> {
    if let Some(v) = configured.filter(|v| !v.trim().is_empty()) {
        return Some(v.to_string());
    }
    super::default_viewer()
}

/// A new path for an image to display (kept: a viewer opens it after we return).
pub fn temp_image_path(extension: &str) -> Result<PathBuf> {
    let dir = std::env::temp_dir().join("mptcpanalyzer-plots");
    std::fs::create_dir_all(&dir).map_err(|e| Error::Output {
        path: dir.clone(),
        msg: e.to_string(),
    })?;
    let f = tempfile::Builder::new()
        .prefix("plot-")
        .suffix(&format!(".{extension}"))
        .tempfile_in(&dir)
        .map_err(|e| Error::Output {
            path: dir.clone(),
            msg: e.to_string(),
        })?;
    let (_, path) = f.keep().map_err(|e| Error::Output {
        path: dir.clone(),
        msg: e.to_string(),
    })?;
    Ok(path)
}

/// Show the PNG image `png`. `asked`: the `--display` flag (None: the best available: inline on a
/// terminal that speaks an image protocol, else the viewer, else print the path on `out`).
/// `image` is the file the user asked for (`-o`), if any, printed instead of a temp path.
pub fn show(
    png: &Path,
    asked: Option<DisplayMode>,
    viewer: Option<&str>,
    out: &mut dyn Write,
) -> Result<Shown> {
    let io = Error::stdout;
    match asked {
        Some(DisplayMode::None) => Ok(Shown::Nothing),
        Some(DisplayMode::Inline) => {
            let proto = detect_protocol(&env_var).ok_or_else(|| {
                Error::Usage(format!(
                    "--display inline: no image protocol known for this terminal (TERM={}); \
                     set MPTCPANALYZER_IMAGE_PROTOCOL=kitty|iterm2|sixel",
                    env_var("TERM").unwrap_or_default()
                ))
            })?;
            inline(png, proto, out)?;
            Ok(Shown::Inline(proto))
        }
        Some(DisplayMode::Viewer) => {
            let cmd = viewer_command(viewer).ok_or_else(|| {
                Error::Usage(
                    "--display viewer: no viewer (set `viewer` in the config; xdg-open is the \
                     default only when DISPLAY or WAYLAND_DISPLAY is set)"
                        .into(),
                )
            })?;
            spawn_viewer(&cmd, png)?;
            Ok(Shown::Viewer(cmd))
        }
        None => {
            if std::io::stdout().is_terminal() {
                if let Some(proto) = detect_protocol(&env_var) {
                    inline(png, proto, out)?;
                    return Ok(Shown::Inline(proto));
                }
            }
            if let Some(cmd) = viewer_command(viewer) {
                spawn_viewer(&cmd, png)?;
                return Ok(Shown::Viewer(cmd));
            }
            writeln!(out, "{}", png.display()).map_err(io)?;
            Ok(Shown::Path)
        }
    }
}

/// Write the escape sequence showing `png` with `proto`.
pub fn inline(png: &Path, proto: Protocol, out: &mut dyn Write) -> Result<()> {
    let data = std::fs::read(png).map_err(|e| Error::io(png, e))?;
    let io = Error::stdout;
    let seq = match proto {
        Protocol::Kitty => kitty(&data),
        Protocol::Iterm2 => iterm2(&data),
        Protocol::Sixel => sixel(png, &data)?,
    };
    out.write_all(&seq).map_err(io)?;
    out.flush().map_err(io)
}

/// kitty graphics protocol: PNG data (`f=100`), transmitted and shown (`a=T`), base64 in chunks
/// of 4096 bytes.
pub fn kitty(png: &[u8]) -> Vec<u8> {
    let b64 = base64(png);
    let chunks: Vec<&[u8]> = b64.as_bytes().chunks(4096).collect();
    let mut v = Vec::with_capacity(b64.len() + chunks.len() * 16);
    for (i, c) in chunks.iter().enumerate() {
        let more = u8::from(i + 1 < chunks.len());
        if i == 0 {
            v.extend_from_slice(format!("\x1b_Gf=100,a=T,m={more};").as_bytes());
        } else {
            v.extend_from_slice(format!("\x1b_Gm={more};").as_bytes());
        }
        v.extend_from_slice(c);
        v.extend_from_slice(b"\x1b\\");
    }
    v.push(b'\n');
    v
}

/// iTerm2 inline image (OSC 1337 File).
pub fn iterm2(png: &[u8]) -> Vec<u8> {
    let mut v = format!(
        "\x1b]1337;File=inline=1;size={};preserveAspectRatio=1:",
        png.len()
    )
    .into_bytes();
    v.extend_from_slice(base64(png).as_bytes());
    v.extend_from_slice(b"\x07\n");
    v
}

/// Sixel: the PNG decoded and quantised to a 6x7x6 colour cube (252 registers).
fn sixel(path: &Path, png_bytes: &[u8]) -> Result<Vec<u8>> {
    let bad = |e: String| Error::Output {
        path: path.to_path_buf(),
        msg: format!("cannot decode the PNG for sixel: {e}"),
    };
    let mut dec = png::Decoder::new(png_bytes);
    dec.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = dec.read_info().map_err(|e| bad(e.to_string()))?;
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader
        .next_frame(&mut buf)
        .map_err(|e| bad(e.to_string()))?;
    let (w, h) = (info.width as usize, info.height as usize);
    let channels = info.color_type.samples();
    let index = |x: usize, y: usize| -> usize {
        let p = &buf[(y * w + x) * channels..];
        let (r, g, b) = match channels {
            1 | 2 => (p[0], p[0], p[0]),
            _ => (p[0], p[1], p[2]),
        };
        let q = |v: u8, n: usize| (v as usize * (n - 1) + 127) / 255;
        q(r, 6) * 42 + q(g, 7) * 6 + q(b, 6)
    };
    Ok(sixel_encode(w, h, &index))
}

fn sixel_encode(w: usize, h: usize, index: &dyn Fn(usize, usize) -> usize) -> Vec<u8> {
    let mut v = b"\x1bPq".to_vec();
    v.extend_from_slice(format!("\"1;1;{w};{h}").as_bytes());
    for i in 0..252 {
        let (r, g, b) = (i / 42, (i / 6) % 7, i % 6);
        v.extend_from_slice(
            format!("#{i};2;{};{};{}", r * 100 / 5, g * 100 / 6, b * 100 / 5).as_bytes(),
        );
    }
    let mut row = vec![0usize; w];
    for band in (0..h).step_by(6) {
        let mut used = vec![false; 252];
        let rows = 6.min(h - band);
        for x in 0..w {
            for dy in 0..rows {
                used[index(x, band + dy)] = true;
            }
        }
        let mut first = true;
        for colour in (0..252).filter(|&c| used[c]) {
            if !first {
                v.push(b'$');
            }
            first = false;
            v.extend_from_slice(format!("#{colour}").as_bytes());
            for (x, bits) in row.iter_mut().enumerate() {
                *bits = (0..rows)
                    .filter(|&dy| index(x, band + dy) == colour)
                    .fold(0, |acc, dy| acc | 1 << dy);
            }
            // run-length encoded sixels
            let mut x = 0;
            while x < w {
                let mut n = 1;
                while x + n < w && row[x + n] == row[x] {
                    n += 1;
                }
                let ch = b'?' + row[x] as u8;
                if n > 3 {
                    v.extend_from_slice(format!("!{n}").as_bytes());
                    v.push(ch);
                } else {
                    v.extend(std::iter::repeat_n(ch, n));
                }
                x += n;
            }
        }
        v.push(b'-');
    }
    v.extend_from_slice(b"\x1b\\\n");
    v
}

fn spawn_viewer(cmd: &str, path: &Path) -> Result<()> {
    let words = shlex::split(cmd)
        .filter(|w| !w.is_empty())
        .ok_or_else(|| Error::Usage(format!("viewer {cmd:?}: cannot split it into words")))?;
    let file = path.display().to_string();
    let mut args: Vec<String> = words[1..].iter().map(|w| w.replace("{}", &file)).collect();
    if !words[1..].iter().any(|w| w.contains("{}")) {
        args.push(file);
    }
    let mut child = std::process::Command::new(&words[0])
        .args(&args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| Error::Output {
            path: PathBuf::from(&words[0]),
            msg: format!("cannot start the viewer: {e}"),
        })?;
    // reap it when it ends, without waiting for it here
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// Standard base64 with padding.
pub fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::with_capacity(data.len().div_ceil(3) * 4);
    for c in data.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for k in 0..4 {
            if k <= c.len() {
                s.push(T[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_known_values() {
        // RFC 4648 section 10
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(i.as_bytes()), o);
        }
    }

    #[test]
    fn detection_from_environment() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            detect_protocol(&env(&[("TERM", "xterm-kitty")])),
            Some(Protocol::Kitty)
        );
        assert_eq!(
            detect_protocol(&env(&[
                ("TERM", "xterm-256color"),
                ("TERM_PROGRAM", "iTerm.app")
            ])),
            Some(Protocol::Iterm2)
        );
        assert_eq!(
            detect_protocol(&env(&[("TERM", "foot")])),
            Some(Protocol::Sixel)
        );
        assert_eq!(detect_protocol(&env(&[("TERM", "xterm-256color")])), None);
        assert_eq!(
            detect_protocol(&env(&[
                ("TERM", "xterm-kitty"),
                ("MPTCPANALYZER_IMAGE_PROTOCOL", "none")
            ])),
            None
        );
    }

    #[test]
    fn kitty_chunks_carry_the_whole_payload() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i * 7) as u8).collect();
        let seq = String::from_utf8(kitty(&data)).unwrap();
        let payload: String = seq
            .split("\x1b\\")
            .filter_map(|c| c.split_once(';').map(|(_, p)| p))
            .collect();
        assert_eq!(payload, base64(&data));
        assert!(seq.starts_with("\x1b_Gf=100,a=T,m=1;"));
        assert!(seq.ends_with("\x1b_Gm=0;") || seq.contains("m=0;"));
    }

    #[test]
    fn sixel_of_a_two_colour_image() {
        // 2x6 pixels: left column black (register 0), right column white (251)
        let seq = sixel_encode(2, 6, &|x, _| if x == 0 { 0 } else { 251 });
        let s = String::from_utf8(seq).unwrap();
        assert!(s.starts_with("\x1bPq\"1;1;2;6"));
        // black: full sixel (63 + '?') then none; white: none then full
        assert!(s.contains("#0~?$#251?~-"), "{s}");
    }
}
