package io.cutover; final class Placeholder {}
