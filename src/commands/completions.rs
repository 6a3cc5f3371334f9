//! `tshoot completions SHELL`: a completion script for the shell.
//!
//! clap_complete writes the options and subcommands. For bash, zsh and fish the script also
//! completes the ids that `show`, `run`, `resume` and `export` take, by calling
//! `tshoot list --ids KINDS` at tab time, so it offers the flows, known errors and sessions of
//! that moment (the operator's own flows and new sessions included).

use crate::cli::Cli;
use anyhow::Result;
use clap::CommandFactory;
use clap_complete::Shell;
use std::io::Write;
use std::process::ExitCode;

/// The subcommands whose first positional argument is an id, the `--ids` kinds for it, and
/// what zsh calls it.
pub const ID_ARGS: &[(&str, &str, &str)] = &[
    ("show", "flows,errors", "flow or known error"),
    ("run", "flows", "flow"),
    ("resume", "sessions", "session"),
    ("export", "sessions", "session"),
];

/// The global options passed on to `tshoot list --ids`, so it sees the same library and store.
const PASSED_ON: &[&str] = &["--flows", "--data-dir", "--no-builtin"];

/// Prints the script.
pub fn run(shell: Shell) -> Result<ExitCode> {
    std::io::stdout()
        .lock()
        .write_all(script(shell).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The completion script for `shell`.
pub fn script(shell: Shell) -> String {
    match shell {
        Shell::Bash => generate(shell, Cli::command()) + &bash_ids(&Cli::command()),
        Shell::Zsh => zsh(),
        Shell::Fish => generate(shell, Cli::command()) + &fish_ids(),
        _ => generate(shell, Cli::command()),
    }
}

/// clap_complete's script for `cmd`.
fn generate(shell: Shell, mut cmd: clap::Command) -> String {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "tshoot", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The options of `sub` (and the global ones) that take a value, as typed: `--output`, `-o`.
fn value_options(root: &clap::Command, sub: &clap::Command) -> Vec<String> {
    let mut out = Vec::new();
    for arg in root.get_arguments().chain(sub.get_arguments()) {
        if arg.is_positional() || !arg.get_action().takes_values() {
            continue;
        }
        let longs = arg.get_long_and_visible_aliases().unwrap_or_default();
        out.extend(longs.into_iter().map(|l| format!("--{l}")));
        let shorts = arg.get_short_and_visible_aliases().unwrap_or_default();
        out.extend(shorts.into_iter().map(|s| format!("-{s}")));
    }
    out.sort();
    out.dedup();
    out
}

/// A wrapper around clap_complete's `_tshoot` that completes the id of `show`, `run`, `resume`
/// and `export` when the cursor is on it, and leaves everything else to `_tshoot`.
fn bash_ids(root: &clap::Command) -> String {
    let mut cases = String::new();
    for (name, kinds, _) in ID_ARGS {
        if let Some(sub) = root.find_subcommand(name) {
            let values = value_options(root, sub).join(" ");
            cases.push_str(&format!(
                "            {name}) kinds={kinds}; values=\" {values} \" ;;\n"
            ));
        }
    }
    let passed = PASSED_ON.join("|");
    format!(
        r#"
# Ids of flows, known errors and sessions for show, run, resume and export: asked of
# `tshoot list --ids` each time, so new sessions and your own flows are offered too.
_tshoot_ids() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    local sub="" kinds="" values="" given=0 i word
    local -a pass=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${{COMP_WORDS[i]}}"
        case "$word" in
            {passed})
                pass+=("$word")
                if [[ "$word" != --no-builtin ]]; then
                    pass+=("${{COMP_WORDS[i+1]}}")
                    ((i++))
                fi
                continue ;;
        esac
        if [[ -z "$sub" ]]; then
            [[ "$word" == -* ]] && continue
            sub="$word"
            case "$sub" in
{cases}                *) break ;;
            esac
        elif [[ "$values" == *" $word "* ]]; then
            ((i++))
        elif [[ "$word" != -* ]]; then
            ((given++))
        fi
    done
    if [[ -n "$kinds" && $given -eq 0 && "$cur" != -* && "$values" != *" $prev "* ]]; then
        COMPREPLY=($(compgen -W "$(tshoot "${{pass[@]}}" list --ids "$kinds" 2>/dev/null)" -- "$cur"))
        return 0
    fi
    _tshoot "$@"
}}

complete -F _tshoot_ids -o bashdefault -o default tshoot
"#
    )
}

/// The marker put in place of an id argument's help, for [`zsh`] to find.
const ZSH_MARK: &str = "TSHOOT-IDS-";

/// clap_complete's zsh script, with the id arguments completed by `_tshoot_ids KINDS`.
fn zsh() -> String {
    let mut cmd = Cli::command();
    for (name, kinds, _) in ID_ARGS {
        let Some(id) = cmd
            .find_subcommand(name)
            .and_then(|sub| sub.get_positionals().next())
            .map(|arg| arg.get_id().clone())
        else {
            continue;
        };
        cmd = cmd.mut_subcommand(name, |sub| {
            sub.mut_arg(id, |arg| arg.help(format!("{ZSH_MARK}{kinds}")))
        });
    }
    let mut script = generate(Shell::Zsh, cmd);
    for (_, kinds, label) in ID_ARGS {
        script = script.replace(
            &format!("-- {ZSH_MARK}{kinds}:_default"),
            &format!("-- {label} id:_tshoot_ids {kinds}"),
        );
    }
    let helper = r#"
# Ids of flows, known errors or sessions, asked of `tshoot list --ids KINDS` each time.
# _arguments puts compadd options before KINDS: they are passed on.
(( $+functions[_tshoot_ids] )) ||
_tshoot_ids() {
    local kinds=${@[-1]} i
    local -a ids pass
    for ((i = 1; i < CURRENT; i++)); do
        case ${words[i]} in
            --flows|--data-dir) pass+=(${words[i]} ${words[i+1]}) ;;
            --no-builtin) pass+=(--no-builtin) ;;
        esac
    done
    ids=(${(f)"$(tshoot $pass list --ids $kinds 2>/dev/null)"})
    compadd "${@[1,-2]}" -a ids
}
"#;
    match script.split_once('\n') {
        Some((first, rest)) => format!("{first}\n{helper}{rest}"),
        None => script + helper,
    }
}

/// Completions of the id argument of each subcommand in [`ID_ARGS`] for fish.
fn fish_ids() -> String {
    let mut out = String::from(
        "\n# Ids of flows, known errors and sessions, asked of `tshoot list --ids` each time.\n",
    );
    for (name, kinds, _) in ID_ARGS {
        out.push_str(&format!(
            "complete -c tshoot -n \"__fish_tshoot_using_subcommand {name}\" -f -a \"(tshoot list --ids {kinds} 2>/dev/null)\"\n"
        ));
    }
    out
}
