//! Checks on the key table itself: no key bound twice in one context, and hints that name
//! keys the binding really has.

use super::{Act, Ctx, Key, TABLE};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The key press a hint's key label stands for.
fn press(label: &str) -> Option<KeyEvent> {
    let none = KeyModifiers::NONE;
    let code = match label {
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "Space" => KeyCode::Char(' '),
        "F1" => KeyCode::F(1),
        "PgDn" => KeyCode::PageDown,
        "↑↓" | "↑↓/1-9" => KeyCode::Down,
        "any key" => KeyCode::Char('z'),
        l if l.starts_with("Ctrl+") => {
            let c = l.chars().last()?.to_ascii_lowercase();
            return Some(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
        }
        l if l.chars().count() == 1 => KeyCode::Char(l.chars().next()?),
        _ => return None,
    };
    Some(KeyEvent::new(code, none))
}

#[test]
fn no_key_is_bound_twice_in_one_context() {
    let mut seen: Vec<(Ctx, Key)> = Vec::new();
    for binding in TABLE {
        for (key, _) in binding.keys {
            // Catch-alls come last in their context on purpose.
            if matches!(key, Key::AnyChar | Key::AnyKey) {
                continue;
            }
            assert!(
                !seen.contains(&(binding.ctx, *key)),
                "{key:?} is bound twice in {:?}",
                binding.ctx
            );
            seen.push((binding.ctx, *key));
        }
    }
}

#[test]
fn every_hint_names_a_key_of_its_binding() {
    for binding in TABLE {
        let Some((label, _)) = binding.hint else {
            continue;
        };
        let event = press(label).unwrap_or_else(|| panic!("hint key {label:?} is not a key"));
        assert!(
            binding.keys.iter().any(|(k, _)| k.matches(&event)),
            "the hint {label:?} in {:?} names a key its binding lacks",
            binding.ctx
        );
    }
}

#[test]
fn every_described_binding_has_keys_or_says_what_to_do() {
    for binding in TABLE {
        if !binding.help.is_empty() {
            assert!(
                !binding.shown.is_empty(),
                "{:?}: help without keys",
                binding.ctx
            );
        }
        if binding.keys.iter().all(|(_, a)| *a == Act::Nothing) && !binding.keys.is_empty() {
            assert!(binding.hint.is_none() || binding.ctx == Ctx::TooSmall);
        }
    }
}

#[test]
fn catch_alls_come_last_in_their_context() {
    for (i, binding) in TABLE.iter().enumerate() {
        if binding.keys.iter().any(|(k, _)| *k == Key::AnyKey) {
            assert!(
                TABLE[i + 1..].iter().all(|b| b.ctx != binding.ctx),
                "a binding after the catch-all of {:?} can never match",
                binding.ctx
            );
        }
    }
}
