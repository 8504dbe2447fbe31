package dev.sluice.functions;

/**
 * Marks a signature stub of a user's function class: made by the engine from the class file, with
 * the same name, methods and annotations and no code of the user's. Planning compiles against it;
 * on the cluster the real class takes its place (see {@link ArtifactFunctionRef}).
 */
public interface ArtifactStub {}
