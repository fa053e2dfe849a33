//! Solomon VRPTW instances (to be written).
