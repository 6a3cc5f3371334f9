//! Timed waits after a step: how long one has left, which is running, and cutting one short.

use super::error::EngineError;
use super::run::{Run, StepMark, node_steps};
use crate::flow::{Library, Step};
use std::time::{Duration, SystemTime};

impl Run {
    /// Stops waiting on a step's running countdown, with the operator's reason (a wait is
    /// part of the procedure, so cutting it short is recorded like a skipped step).
    pub fn skip_wait(
        &mut self,
        lib: &Library,
        index: usize,
        reason: &str,
        now: SystemTime,
    ) -> Result<(), EngineError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(EngineError::EmptyReason);
        }
        self.current_steps(lib)?;
        let mark = self.mark(index)?;
        match &mut mark.wait {
            Some(wait) if wait.skipped.is_none() => {
                wait.skipped = Some(now.into());
                wait.reason = Some(reason.to_owned());
                Ok(())
            }
            _ => Err(EngineError::NoSuchStep(index + 1)),
        }
    }

    /// Time left on step `index`'s wait: `None` when it has no running wait.
    pub fn wait_left(&self, lib: &Library, index: usize, now: SystemTime) -> Option<Duration> {
        let cur = self.current(lib).ok()?;
        let step = node_steps(cur.node)?.get(index)?;
        wait_left(step, cur.visit.steps.get(index)?, now)
    }

    /// The first running wait (before step `before`, when given), with the time it has left.
    pub fn running_wait(
        &self,
        lib: &Library,
        now: SystemTime,
        before: Option<usize>,
    ) -> Option<(usize, Duration)> {
        let cur = self.current(lib).ok()?;
        let steps = node_steps(cur.node)?;
        let end = before.unwrap_or(steps.len()).min(steps.len());
        self.running_waits(lib, now)
            .into_iter()
            .find(|(i, _)| *i < end)
    }

    /// Every running wait of the current node: the step and the time it has left.
    pub fn running_waits(&self, lib: &Library, now: SystemTime) -> Vec<(usize, Duration)> {
        let Ok(cur) = self.current(lib) else {
            return Vec::new();
        };
        let Some(steps) = node_steps(cur.node) else {
            return Vec::new();
        };
        steps
            .iter()
            .zip(&cur.visit.steps)
            .enumerate()
            .filter_map(|(i, (step, mark))| Some((i, wait_left(step, mark, now)?)))
            .collect()
    }
}

fn wait_left(step: &Step, mark: &StepMark, now: SystemTime) -> Option<Duration> {
    let total = step.wait?;
    let wait = mark.wait.as_ref()?;
    if wait.skipped.is_some() {
        return None;
    }
    let left = total.saturating_sub(wait.started.elapsed_at(now));
    (!left.is_zero()).then_some(left)
}
