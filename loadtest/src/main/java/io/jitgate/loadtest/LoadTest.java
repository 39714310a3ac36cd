package io.jitgate.loadtest; public class LoadTest { public static void main(String[] a){} }
