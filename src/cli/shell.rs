//! `ualign completions SHELL` and `ualign man`: shell completion scripts (clap_complete) and the
//! man page (clap_mangen), both generated from the same clap definition as `--help`, so they
//! cannot drift from the commands. No mathematics here.

use std::io::Write;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::Cli;
use super::common::{CliError, CliResult};

/// Print a shell completion script (bash, zsh, fish, elvish, powershell).
///
/// Print the completion script for SHELL on standard output. For example, bash:
/// `ualign completions bash > ~/.local/share/bash-completion/completions/ualign`;
/// zsh: `ualign completions zsh > ~/.zfunc/_ualign` (with ~/.zfunc on fpath);
/// fish: `ualign completions fish > ~/.config/fish/completions/ualign.fish`.
#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to generate completions for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Print the man page ualign(1) in roff.
///
/// Print the man page ualign(1) (roff) on standard output: the overview and every subcommand
/// with its summary. View it with `ualign man | man -l -`. With `--dir DIR`, write ualign.1 and
/// one page ualign-COMMAND.1 per subcommand into DIR instead (e.g. ~/.local/share/man/man1).
#[derive(Args, Debug)]
pub struct ManArgs {
    /// Write ualign.1 and one ualign-COMMAND.1 per subcommand into this existing folder.
    #[arg(long)]
    pub dir: Option<std::path::PathBuf>,
}

fn written(r: std::io::Result<()>) -> CliResult {
    r.map_err(|e| CliError::Input(format!("standard output: cannot write: {e}")))
}

/// Writes the completion script for `args.shell` to standard output.
pub fn completions(args: &CompletionsArgs) -> CliResult {
    let mut cmd = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut cmd, "ualign", &mut out);
    written(out.flush())
}

/// Writes the man page to standard output, or all pages into `--dir`.
pub fn man(args: &ManArgs) -> CliResult {
    if let Some(dir) = &args.dir {
        return clap_mangen::generate_to(Cli::command(), dir).map_err(|e| {
            CliError::Input(format!("{}: cannot write man pages: {e}", dir.display()))
        });
    }
    let man = clap_mangen::Man::new(Cli::command());
    let mut out = std::io::stdout().lock();
    written(man.render(&mut out).and_then(|()| out.flush()))
}
